import { RegistrySchema1764300000000 } from './1764300000000-registry-schema.js';
import { Review1764400000000 } from './1764400000000-review.js';
import { DistinctTitles1764500000000 } from './1764500000000-distinct-titles.js';
import { CompactReviewPairs1764600000000 } from './1764600000000-compact-review-pairs.js';
import { ChangeNotifications1764700000000 } from './1764700000000-change-notifications.js';
import { ReviewWorkflow1764800000000 } from './1764800000000-review-workflow.js';
import { ReviewFindingsByStatementPair1764900000000 } from './1764900000000-review-findings-by-statement-pair.js';
import { RegistryInterface1765000000000 } from './1765000000000-registry-interface.js';
import { ReviewQueue1765100000000 } from './1765100000000-review-queue.js';
import { FunctionSortIndexes1765200000000 } from './1765200000000-function-sort-indexes.js';
import { ReviewPairCounts1765300000000 } from './1765300000000-review-pair-counts.js';
import { SeparationOfDuties1765400000000 } from './1765400000000-separation-of-duties.js';
import { ReviewModel1765700000000 } from './1765700000000-review-model.js';
import { ChangeLog1765500000000 } from './1765500000000-change-log.js';
import { ReviewReplicaGroups1765800000000 } from './1765800000000-review-replica-groups.js';
import { ReviewDecisionsByFunction1765900000000 } from './1765900000000-review-decisions-by-function.js';
import { ReviewEvidenceAndGroupsByRun1766000000000 } from './1766000000000-review-evidence-and-groups-by-run.js';
import { ReviewClustersByRun1766100000000 } from './1766100000000-review-clusters-by-run.js';
import { RunTableKeys1766200000000 } from './1766200000000-run-table-keys.js';
import { PileMembersByRun1766300000000 } from './1766300000000-pile-members-by-run.js';

/** Every migration, in the order it must run. */
export const MIGRATIONS = [
  RegistrySchema1764300000000,
  Review1764400000000,
  DistinctTitles1764500000000,
  CompactReviewPairs1764600000000,
  ChangeNotifications1764700000000,
  ReviewWorkflow1764800000000,
  ReviewFindingsByStatementPair1764900000000,
  RegistryInterface1765000000000,
  ReviewQueue1765100000000,
  FunctionSortIndexes1765200000000,
  ReviewPairCounts1765300000000,
  SeparationOfDuties1765400000000,
  ChangeLog1765500000000,
  ReviewModel1765700000000,
  ReviewReplicaGroups1765800000000,
  ReviewDecisionsByFunction1765900000000,
  ReviewEvidenceAndGroupsByRun1766000000000,
  ReviewClustersByRun1766100000000,
  RunTableKeys1766200000000,
  PileMembersByRun1766300000000,
];
