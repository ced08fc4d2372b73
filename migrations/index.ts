import { HallBackbone1795300000000 } from './1795300000000-HallBackbone';
import { Queue1795300100000 } from './1795300100000-Queue';
import { Calendar1795300200000 } from './1795300200000-Calendar';
import { IdempotencyKeys1795300300000 } from './1795300300000-IdempotencyKeys';
import { Cases1795300400000 } from './1795300400000-Cases';
import { Evaluation1795300500000 } from './1795300500000-Evaluation';
import { Stats1795300600000 } from './1795300600000-Stats';
import { QueueHotPaths1795300700000 } from './1795300700000-QueueHotPaths';
import { QueueCommitTimeVersions1795300800000 } from './1795300800000-QueueCommitTimeVersions';
import { SettingsRevision1795300900000 } from './1795300900000-SettingsRevision';
import { QueueBatchVersions1795301000000 } from './1795301000000-QueueBatchVersions';
import { UserSessions1795301100000 } from './1795301100000-UserSessions';
import { RevisionsOnlyOnChange1795301200000 } from './1795301200000-RevisionsOnlyOnChange';
import { ItemDistinctApprovers1795301200100 } from './1795301200100-ItemDistinctApprovers';
import { Identity1795301300000 } from './1795301300000-Identity';
import { AuditTrail1795301350000 } from './1795301350000-AuditTrail';
import { EncryptPersonalData1795301400000 } from './1795301400000-EncryptPersonalData';
import { RealNameQueue1795301410000 } from './1795301410000-RealNameQueue';
import { MaterialFiles1795301500000 } from './1795301500000-MaterialFiles';
import { StaffingRoster1795301600000 } from './1795301600000-StaffingRoster';
import { DemoHallMark1795301700000 } from './1795301700000-DemoHallMark';
import { NotificationOutbox1795301800000 } from './1795301800000-NotificationOutbox';
import { OptionalContactPhone1795301800001 } from './1795301800001-OptionalContactPhone';
import { OnlineApplications1795301900000 } from './1795301900000-OnlineApplications';
import { WindowStatusOutsideSettings1795302000000 } from './1795302000000-WindowStatusOutsideSettings';

/** Every migration, oldest first; the app and the tests run exactly this list. */
export const MIGRATIONS = [
  HallBackbone1795300000000,
  Queue1795300100000,
  Calendar1795300200000,
  IdempotencyKeys1795300300000,
  Cases1795300400000,
  Evaluation1795300500000,
  Stats1795300600000,
  QueueHotPaths1795300700000,
  QueueCommitTimeVersions1795300800000,
  SettingsRevision1795300900000,
  QueueBatchVersions1795301000000,
  UserSessions1795301100000,
  RevisionsOnlyOnChange1795301200000,
  ItemDistinctApprovers1795301200100,
  Identity1795301300000,
  AuditTrail1795301350000,
  EncryptPersonalData1795301400000,
  RealNameQueue1795301410000,
  MaterialFiles1795301500000,
  StaffingRoster1795301600000,
  DemoHallMark1795301700000,
  NotificationOutbox1795301800000,
  OptionalContactPhone1795301800001,
  OnlineApplications1795301900000,
  WindowStatusOutsideSettings1795302000000,
];
