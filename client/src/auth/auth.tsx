import { createContext, ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { api } from '../api/http';
import { LoginResponse, SessionUser } from '../api/types';

const STORAGE_KEY = 'ow.session';

interface Session {
  token: string;
  expiresAt: string;
  user: SessionUser;
}

function loadSession(): Session | null {
  try {
    const session = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null') as Session | null;
    return session && Date.parse(session.expiresAt) > Date.now() ? session : null;
  } catch {
    return null;
  }
}

// The API client reads the token synchronously on every request, before React state settles.
let current: Session | null = loadSession();

export function staffToken(): string | null {
  return current && Date.parse(current.expiresAt) > Date.now() ? current.token : null;
}

interface Auth {
  user: SessionUser | null;
  /** The account's role was changed by an admin while this tab was open. */
  roleChanged: boolean;
  /** The server refused the session (expired, ended by an admin): the login page says so until the next sign-in. */
  expired: boolean;
  login(username: string, password: string): Promise<SessionUser>;
  logout(reason?: 'expired'): void;
}

const AuthContext = createContext<Auth | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null>(current);
  const [roleChanged, setRoleChanged] = useState(false);
  const [expired, setExpired] = useState(false);

  const store = useCallback((next: Session | null) => {
    current = next;
    if (next) localStorage.setItem(STORAGE_KEY, JSON.stringify(next));
    else localStorage.removeItem(STORAGE_KEY);
    setSession(next);
  }, []);

  const login = useCallback(async (username: string, password: string) => {
    const res = await api.post<LoginResponse>('/auth/login', { username, password }, { credentials: { as: 'anonymous' }, silent: true });
    store({ token: res.token, expiresAt: res.expiresAt, user: res.user });
    setRoleChanged(false);
    setExpired(false);
    return res.user;
  }, [store]);

  const logout = useCallback((reason?: 'expired') => {
    store(null);
    setRoleChanged(false);
    setExpired(reason === 'expired');
  }, [store]);

  // An admin may have changed the account's role or halls since sign-in; the server already applies
  // them, so the menus and hall choices follow on start and whenever the tab comes back into view.
  // A token that no longer works ends the session through the API client's 401 handling.
  const token = session?.token;
  useEffect(() => {
    if (!token) return undefined;
    const refresh = () => {
      if (document.visibilityState !== 'visible') return;
      api.get<Pick<SessionUser, 'role' | 'hallIds' | 'departmentId'>>('/auth/me', { silent: true }).then((me) => {
        if (current?.token !== token) return;
        const { user } = current;
        const same = user.role === me.role && user.departmentId === me.departmentId && [...user.hallIds].sort().join() === [...me.hallIds].sort().join();
        if (same) return;
        if (user.role !== me.role) setRoleChanged(true);
        store({ ...current, user: { ...user, role: me.role, hallIds: me.hallIds, departmentId: me.departmentId } });
      }, () => undefined);
    };
    refresh();
    document.addEventListener('visibilitychange', refresh);
    return () => document.removeEventListener('visibilitychange', refresh);
  }, [token, store]);

  const value = useMemo<Auth>(
    () => ({ user: session?.user ?? null, roleChanged, expired, login, logout }),
    [session, roleChanged, expired, login, logout],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth outside AuthProvider');
  return value;
}
