import { createContext, ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { LoginResponse, SessionUser, SignedIn } from '../api/types';
import { authApi } from '../api/auth';

const STORAGE_KEY = 'ow.session';
/** When the server does not say (a session stored by an older client): its default. */
const DEFAULT_IDLE_SECONDS = 30 * 60;

interface Session {
  token: string;
  expiresAt: string;
  idleTimeoutSeconds?: number;
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

/** Why the login page is shown: the server refused the session, it went idle, or its holder signed out. */
export type SignOutReason = 'expired' | 'idle' | 'signed-out';

interface Auth {
  user: SessionUser | null;
  /** The account's role was changed by an admin while this tab was open. */
  roleChanged: boolean;
  /** Why the last session ended: the login page says so until the next sign-in. */
  ended: SignOutReason | null;
  /** The first step; a `done` answer is the session at once, other steps are the login page's to finish. */
  login(username: string, password: string): Promise<LoginResponse>;
  /** The TOTP step, with a code of the app or a recovery code. */
  loginTotp(challenge: string, code: string): Promise<LoginResponse>;
  /** Keeps a full session (the end of every sign-in path). */
  accept(signedIn: SignedIn): void;
  /** Ends the session here, and with no reason (the holder's own choice) on the server too. */
  logout(reason?: SignOutReason): void;
}

const AuthContext = createContext<Auth | null>(null);

/** User input that counts as someone at work, for the client's idle timer. */
const ACTIVITY_EVENTS = ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const;

export function AuthProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null>(current);
  const [roleChanged, setRoleChanged] = useState(false);
  const [ended, setEnded] = useState<SignOutReason | null>(null);

  const store = useCallback((next: Session | null) => {
    current = next;
    if (next) localStorage.setItem(STORAGE_KEY, JSON.stringify(next));
    else localStorage.removeItem(STORAGE_KEY);
    setSession(next);
  }, []);

  const accept = useCallback(
    (signedIn: SignedIn) => {
      store({ token: signedIn.token, expiresAt: signedIn.expiresAt, idleTimeoutSeconds: signedIn.idleTimeoutSeconds, user: signedIn.user });
      setRoleChanged(false);
      setEnded(null);
    },
    [store],
  );

  const finishStep = useCallback(
    (res: LoginResponse) => {
      if (res.step === 'done') accept(res);
      return res;
    },
    [accept],
  );

  const login = useCallback(
    async (username: string, password: string) => finishStep(await authApi.login({ username, password })),
    [finishStep],
  );

  const loginTotp = useCallback(
    async (challenge: string, code: string) => finishStep(await authApi.loginTotp({ challenge, code })),
    [finishStep],
  );

  const logout = useCallback(
    (reason?: SignOutReason) => {
      // Ended on the server first, while the token is still at hand; the page leaves whatever it answers.
      if (!reason && current) void authApi.logout(current.token).catch(() => undefined);
      store(null);
      setRoleChanged(false);
      setEnded(reason ?? 'signed-out');
    },
    [store],
  );

  // An admin may have changed the account's role or halls since sign-in; the server already applies
  // them, so the menus and hall choices follow on start and whenever the tab comes back into view.
  // A token that no longer works ends the session through the API client's 401 handling.
  const token = session?.token;
  useEffect(() => {
    if (!token) return undefined;
    const refresh = () => {
      if (document.visibilityState !== 'visible') return;
      authApi.me({ silent: true }).then(
        (me) => {
          if (current?.token !== token) return;
          const { user } = current;
          const same =
            user.role === me.role &&
            user.departmentId === me.departmentId &&
            [...user.hallIds].sort().join() === [...me.hallIds].sort().join();
          if (same) return;
          if (user.role !== me.role) setRoleChanged(true);
          store({ ...current, user: { ...user, role: me.role, hallIds: me.hallIds, departmentId: me.departmentId } });
        },
        () => undefined,
      );
    };
    refresh();
    document.addEventListener('visibilitychange', refresh);
    return () => document.removeEventListener('visibilitychange', refresh);
  }, [token, store]);

  // The idle timeout as the person at the screen sees it: no input for the timeout ends the session
  // here, even while the page's own requests (a live queue) keep the server's session alive. Input
  // while no request goes out (a long form being typed) tells the server, now and then, that
  // someone is there.
  const idleSeconds = session?.idleTimeoutSeconds ?? DEFAULT_IDLE_SECONDS;
  useEffect(() => {
    if (!token) return undefined;
    const idleMs = idleSeconds * 1000;
    const pingEveryMs = Math.min(60_000, idleMs / 4);
    let lastInput = Date.now();
    let lastPing = Date.now();
    const onInput = () => {
      lastInput = Date.now();
      if (lastInput - lastPing < pingEveryMs) return;
      lastPing = lastInput;
      void authApi.me({ silent: true }).catch(() => undefined);
    };
    for (const name of ACTIVITY_EVENTS) window.addEventListener(name, onInput, { passive: true });
    const timer = window.setInterval(
      () => {
        if (Date.now() - lastInput > idleMs && current?.token === token) logout('idle');
      },
      Math.min(5000, idleMs / 4),
    );
    return () => {
      for (const name of ACTIVITY_EVENTS) window.removeEventListener(name, onInput);
      window.clearInterval(timer);
    };
  }, [token, idleSeconds, logout]);

  const value = useMemo<Auth>(
    () => ({ user: session?.user ?? null, roleChanged, ended, login, loginTotp, accept, logout }),
    [session, roleChanged, ended, login, loginTotp, accept, logout],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth outside AuthProvider');
  return value;
}
