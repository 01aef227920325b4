export { backoffDelay, type RandomSource } from './backoff';
export { BullmqQueue, type BullmqQueueOptions } from './bullmq/bullmq-queue';
export { type CreateJobQueueOptions, createJobQueue } from './create-job-queue';
export { EmbeddedQueue, type EmbeddedQueueOptions } from './embedded/embedded-queue';
export { DEFAULT_ATTEMPTS, DEFAULT_BACKOFF } from './job-options';
export type {
  BackoffPolicy,
  CloseOptions,
  DeadJob,
  Job,
  JobError,
  JobFailure,
  JobHandler,
  JobOptions,
  JobQueue,
  ProcessOptions,
  QueueCounts,
} from './job-queue';
export { planRetry, type RetryPlan } from './retry-plan';
