import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { HallsModule } from '../halls/halls.module';
import { CatalogController } from './catalog.controller';
import { CatalogService } from './catalog.service';
import { ServiceItemMaterial } from './entities/service-item-material.entity';
import { ServiceItemStep } from './entities/service-item-step.entity';
import { ServiceItem } from './entities/service-item.entity';

@Module({
  imports: [TypeOrmModule.forFeature([ServiceItem, ServiceItemMaterial, ServiceItemStep]), HallsModule],
  controllers: [CatalogController],
  providers: [CatalogService],
  exports: [CatalogService],
})
export class CatalogModule {}
