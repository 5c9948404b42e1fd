import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Route, Routes } from 'react-router-dom';
import { Layout } from './components/Layout';
import { BudgetPage } from './pages/BudgetPage';
import { CampaignPage } from './pages/CampaignPage';
import { CampaignsPage } from './pages/CampaignsPage';
import { ClassificationPage } from './pages/ClassificationPage';
import { FunctionPage } from './pages/FunctionPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { RegistryPage } from './pages/RegistryPage';
import { ReviewPage } from './pages/ReviewPage';
import { SignInCallback, SignInPage } from './pages/SignInPage';
import { useSession } from './session';

// The explorer brings an editor of its own; it is loaded only by those who open it.
const ExplorerPage = lazy(() => import('./pages/ExplorerPage'));

/** The explorer, for signed-in staff; it has the screen to itself. */
function Explorer() {
  const { t } = useTranslation();
  const { can } = useSession();
  if (!can('readStaffFields'))
    return (
      <main id="main">
        <h1 tabIndex={-1}>{t('explorer.title')}</h1>
        <p>
          {/* A new document: this one has the explorer's looser style policy. */}
          {t('explorer.needSignIn')} <a href="/sign-in">{t('nav.signIn')}</a>
        </p>
      </main>
    );
  return (
    <Suspense fallback={<p aria-busy="true">{t('loading')}</p>}>
      <div className="explorer-bar">
        <h1 tabIndex={-1}>{t('explorer.title')}</h1>
        {/* A new document: the rest of the workbench has the stricter style policy. */}
        <a href="/">{t('nav.back')}</a>
      </div>
      <main id="main">
        <ExplorerPage />
      </main>
    </Suspense>
  );
}

export function App() {
  return (
    <Routes>
      <Route path="explorer" element={<Explorer />} />
      <Route element={<Layout />}>
        <Route index element={<RegistryPage />} />
        <Route path="functions/:code" element={<FunctionPage />} />
        <Route path="review" element={<ReviewPage />} />
        <Route path="classification" element={<ClassificationPage />} />
        <Route path="budget" element={<BudgetPage />} />
        <Route path="campaigns" element={<CampaignsPage />} />
        <Route path="campaigns/:id" element={<CampaignPage />} />
        <Route path="sign-in" element={<SignInPage />} />
        <Route path="sign-in/callback" element={<SignInCallback />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
