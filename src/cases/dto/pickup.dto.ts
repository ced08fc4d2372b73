import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { NonBlankString, OptionalNonBlankString } from '../../common/validation/non-blank-string';
import { OptionalUuidField } from '../../common/validation/uuid-field';

export class PickupQuery {
  @ApiPropertyOptional({ example: 'K7M29QXD', description: "The pickup code from the citizen's notice" })
  @IsOptional()
  @Matches(/^[0-9A-Za-z]{8}$/)
  code?: string;

  @OptionalNonBlankString(30, {
    example: '11010519491231002X',
    description: "The applicant's ID number (or credit code); found by fingerprint",
  })
  idNumber?: string;
}

export class HandOverDto {
  @NonBlankString(30, {
    example: '11010519491231002X',
    description: "The ID number (or credit code) shown at the window; must be the applicant's",
  })
  idNumber: string;

  @OptionalUuidField('The ticket of this pickup visit')
  ticketId?: string;
}

export class MailDto {
  @NonBlankString(50, { example: 'EMS' })
  carrier: string;

  @NonBlankString(50, { example: '1234567890123' })
  trackingNumber: string;
}

export class ElectronicDeliveryDto {
  @NonBlankString(100, { example: 'DZZZ-2026-000123', description: 'Number of the electronic certificate (电子证照)' })
  certificateNumber: string;
}

export class CaseLookupQuery {
  @NonBlankString(40, { example: 'DEMO-20260302-0001', description: 'Case number (办件编号)' })
  no: string;

  @NonBlankString(20, { example: 'K7M29QXD', description: 'Query code (查询码) from the 受理通知书' })
  code: string;
}
