import { createContext, ReactNode, useCallback, useContext, useMemo, useState } from 'react';
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
  login(username: string, password: string): Promise<SessionUser>;
  logout(): void;
}

const AuthContext = createContext<Auth | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null>(current);

  const store = useCallback((next: Session | null) => {
    current = next;
    if (next) localStorage.setItem(STORAGE_KEY, JSON.stringify(next));
    else localStorage.removeItem(STORAGE_KEY);
    setSession(next);
  }, []);

  const login = useCallback(async (username: string, password: string) => {
    const res = await api.post<LoginResponse>('/auth/login', { username, password }, { credentials: { as: 'anonymous' }, silent: true });
    store({ token: res.token, expiresAt: res.expiresAt, user: res.user });
    return res.user;
  }, [store]);

  const logout = useCallback(() => store(null), [store]);

  const value = useMemo<Auth>(() => ({ user: session?.user ?? null, login, logout }), [session, login, logout]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth outside AuthProvider');
  return value;
}
