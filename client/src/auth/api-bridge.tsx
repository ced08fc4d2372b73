import { App } from 'antd';
import { useEffect } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { configureApi } from '../api/http';
import { staffToken, useAuth } from './auth';

/** Connects the API client to the session, the router and antd's messages. Renders nothing. */
export function ApiBridge() {
  const { message } = App.useApp();
  const { logout } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const here = location.pathname + location.search;

  useEffect(() => {
    configureApi({
      staffToken,
      // One key per error text, so a burst of failing requests shows one message, not a stack.
      report: (error) => void message.error({ content: error.message, key: `api:${error.code}:${error.message}` }),
      sessionExpired: (error) => {
        logout(error.code === 'SESSION_IDLE' ? 'idle' : 'expired');
        if (!here.startsWith('/login')) navigate(`/login?next=${encodeURIComponent(here)}`, { replace: true });
      },
    });
  }, [message, logout, navigate, here]);

  return null;
}
