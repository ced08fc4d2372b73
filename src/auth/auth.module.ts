import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { DevicesModule } from '../devices/devices.module';
import { HallsModule } from '../halls/halls.module';
import { UsersModule } from '../users/users.module';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { HallAccessGuard } from './hall-access.guard';
import { LoginThrottleService } from './login-throttle.service';
import { SessionsService } from './sessions.service';
import { TotpService } from './totp.service';

@Global()
@Module({
  imports: [UsersModule, DevicesModule, HallsModule],
  controllers: [AuthController],
  providers: [
    AuthService,
    SessionsService,
    LoginThrottleService,
    TotpService,
    // In this order: the caller and their role first, then the hall the route names.
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_GUARD, useClass: HallAccessGuard },
  ],
  exports: [AuthService],
})
export class AuthModule {}
