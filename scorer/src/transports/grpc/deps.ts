/** What the gRPC services need from Core. */
import type { Config } from '../../config';
import type { Limiter } from '../../ratelimit';
import type { CoreService } from '../../service';
import type { Logger } from '../../telemetry/logger';
import type { AegisMetrics } from '../../telemetry/metrics';

export interface GrpcDeps {
  readonly service: CoreService;
  readonly config: Config;
  readonly logger: Logger;
  readonly limiter: Limiter;
  /** Counts rate-limit rejections (and, through the service's observer, every decision). */
  readonly metrics?: AegisMetrics;
}
