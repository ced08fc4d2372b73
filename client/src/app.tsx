import { ReactNode } from 'react';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router-dom';
import { ApiBridge } from './auth/api-bridge';
import { AuthProvider } from './auth/auth';
import { HomeRedirect, RequireStaff } from './auth/require-staff';
import { STAFF_PAGES } from './auth/staff-pages';
import { I18nProvider } from './i18n/i18n';
import { BareLayout } from './layouts/bare-layout';
import { StaffLayout } from './layouts/staff-layout';
import { AccountPage } from './pages/account/account-page';
import { AdminLayout } from './pages/admin/admin-layout';
import { CataloguePage } from './pages/admin/catalogue/catalogue-page';
import { CategoriesPage } from './pages/admin/categories-page';
import { DepartmentsPage } from './pages/admin/departments-page';
import { DevicesPage } from './pages/admin/devices-page';
import { UsersPage } from './pages/admin/users-page';
import { WindowsPage } from './pages/admin/windows-page';
import { AuditPage } from './pages/audit/audit-page';
import { BackofficePage } from './pages/backoffice/backoffice-page';
import { ApplyPage } from './pages/citizen/apply-page';
import { CaseLookupPage } from './pages/citizen/case-lookup-page';
import { TicketPage } from './pages/citizen/ticket-page';
import { ConsolePage } from './pages/console/console-page';
import { DisplayPage } from './pages/display/display-page';
import { KioskPage } from './pages/kiosk/kiosk-page';
import { LoginPage } from './pages/login-page';
import { ManagerPage } from './pages/manager/manager-page';
import { NotFoundPage } from './pages/not-found-page';
import { PickupPage } from './pages/pickup/pickup-page';
import { PreExamPage } from './pages/pre-exam/pre-exam-page';
import { WindowScreenPage } from './pages/window-screen/window-screen-page';

const rolesOf = (path: string) => STAFF_PAGES.find((p) => p.path === path)?.roles ?? [];

/** A staff page, open only to the roles STAFF_PAGES names for it. */
function ForRolesOf({ page, children }: { page: string; children: ReactNode }) {
  return <RequireStaff roles={rolesOf(page)}>{children}</RequireStaff>;
}

export function App() {
  return (
    <I18nProvider>
      <AuthProvider>
        <BrowserRouter>
          <ApiBridge />
          <Routes>
            <Route path="/" element={<HomeRedirect />} />
            <Route path="/login" element={<LoginPage />} />

            <Route element={<BareLayout />}>
              <Route path="/kiosk" element={<KioskPage />} />
              <Route path="/display" element={<DisplayPage />} />
              <Route path="/window-screen/:windowId" element={<WindowScreenPage />} />
              <Route path="/t/:ticketCode" element={<TicketPage />} />
              <Route path="/case" element={<CaseLookupPage />} />
              <Route path="/apply" element={<ApplyPage />} />
            </Route>

            <Route
              element={
                <RequireStaff roles={['clerk', 'approver', 'manager', 'admin', 'security_admin']}>
                  <StaffLayout />
                </RequireStaff>
              }
            >
              <Route
                path="/console"
                element={
                  <ForRolesOf page="/console">
                    <ConsolePage />
                  </ForRolesOf>
                }
              />
              <Route
                path="/pickup"
                element={
                  <ForRolesOf page="/pickup">
                    <PickupPage />
                  </ForRolesOf>
                }
              />
              <Route
                path="/pre-exam"
                element={
                  <ForRolesOf page="/pre-exam">
                    <PreExamPage />
                  </ForRolesOf>
                }
              />
              <Route
                path="/backoffice"
                element={
                  <ForRolesOf page="/backoffice">
                    <BackofficePage />
                  </ForRolesOf>
                }
              />
              <Route
                path="/manager"
                element={
                  <ForRolesOf page="/manager">
                    <ManagerPage />
                  </ForRolesOf>
                }
              />
              <Route
                path="/admin"
                element={
                  <ForRolesOf page="/admin">
                    <AdminLayout />
                  </ForRolesOf>
                }
              >
                <Route index element={<Navigate to="catalogue" replace />} />
                <Route path="catalogue" element={<CataloguePage />} />
                <Route path="windows" element={<WindowsPage />} />
                <Route path="categories" element={<CategoriesPage />} />
                <Route path="departments" element={<DepartmentsPage />} />
                <Route path="devices" element={<DevicesPage />} />
                <Route path="*" element={<NotFoundPage />} />
              </Route>
              <Route
                path="/accounts"
                element={
                  <ForRolesOf page="/accounts">
                    <UsersPage />
                  </ForRolesOf>
                }
              />
            </Route>

            {/* The own account is every staff role's, and needs no hall. */}
            <Route
              element={
                <RequireStaff roles={['clerk', 'approver', 'manager', 'admin', 'security_admin', 'audit_admin']}>
                  <StaffLayout withoutHall />
                </RequireStaff>
              }
            >
              <Route path="/account" element={<AccountPage />} />
            </Route>
            {/* The audit administrator works in no hall: the frame without the hall's context. */}
            <Route
              element={
                <RequireStaff roles={['audit_admin']}>
                  <StaffLayout withoutHall />
                </RequireStaff>
              }
            >
              <Route
                path="/audit"
                element={
                  <ForRolesOf page="/audit">
                    <AuditPage />
                  </ForRolesOf>
                }
              />
            </Route>

            <Route path="*" element={<NotFoundPage />} />
          </Routes>
        </BrowserRouter>
      </AuthProvider>
    </I18nProvider>
  );
}
