import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router-dom';
import { App } from './App';
import './i18n';
import { restoreViewer, SessionProvider } from './session';
import './styles.css';

const viewer = await restoreViewer();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <SessionProvider initialViewer={viewer}>
      <BrowserRouter>
        <App />
      </BrowserRouter>
    </SessionProvider>
  </StrictMode>,
);
