import { OptionalUuidField } from '../../common/validation/uuid-field';

export class TransferTicketDto {
  @OptionalUuidField('Queue the ticket in this category of the hall (give this or windowId)')
  categoryId?: string;

  @OptionalUuidField('Queue the ticket for this window only (give this or categoryId)')
  windowId?: string;
}
