import type { Role } from '../auth/principal';
import { Acts } from '../auth/staff-route.decorator';
import { CaseDto } from './dto/case.dto';

/** A move of one case (POST cases/:caseId/<move>) by the roles given: answers the case as it is now; `errors` says which refusals it adds. */
export const CaseMove = (move: string, roles: Role[], summary: string, errors?: string) =>
  Acts(`cases/:caseId/${move}`, roles, errors === undefined ? summary : { summary, description: errors }, CaseDto);
