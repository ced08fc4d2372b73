import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Department } from './entities/department.entity';
import { Hall } from './entities/hall.entity';
import { ServiceWindow } from './entities/service-window.entity';
import { WindowCategory } from './entities/window-category.entity';
import { WindowServedCategory } from './entities/window-served-category.entity';
import { HallsController } from './halls.controller';
import { HallsService } from './halls.service';

@Module({
  imports: [TypeOrmModule.forFeature([Hall, Department, WindowCategory, ServiceWindow, WindowServedCategory])],
  controllers: [HallsController],
  providers: [HallsService],
  exports: [HallsService],
})
export class HallsModule {}
