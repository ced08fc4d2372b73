import { Outlet } from 'react-router-dom';

/** Kiosk, hall screens and citizens' pages: the whole viewport, no staff chrome. */
export function BareLayout() {
  return (
    <main className="bare-layout">
      <Outlet />
    </main>
  );
}
