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
import { SignInPage } from './pages/SignInPage';

export function App() {
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route index element={<RegistryPage />} />
        <Route path="functions/:code" element={<FunctionPage />} />
        <Route path="review" element={<ReviewPage />} />
        <Route path="classification" element={<ClassificationPage />} />
        <Route path="budget" element={<BudgetPage />} />
        <Route path="campaigns" element={<CampaignsPage />} />
        <Route path="campaigns/:id" element={<CampaignPage />} />
        <Route path="sign-in" element={<SignInPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
