import type { ConnectorRecord } from '../connectors';
import type { FailureFacts } from '../errors';

/** One failed attempt of a record, as a DLQ item lists them. */
export interface DlqAttempt {
  /** Epoch ms. */
  at: number;
  /** Delivery number of the job (1 = first); replays count on from the item's last attempt. */
  attempt: number;
  code: string;
  message: string;
  status: number | null;
}

/** A record as carried by a job and kept by the DLQ: exactly what the source returned. */
export type DlqSourceRecord = ConnectorRecord;

/** A dead-lettered record. */
export interface DlqItem {
  id: string;
  flow: string;
  sourceId: string;
  sourceRecord: DlqSourceRecord;
  mappingVersion: string | null;
  runId: string | null;
  errorCode: string;
  errorMessage: string;
  httpStatus: number | null;
  responseExcerpt: string | null;
  attempts: DlqAttempt[];
  status: 'open' | 'replayed' | 'discarded';
  resolution: string | null;
  createdAt: number;
  updatedAt: number;
  resolvedAt: number | null;
}

/** A record that failed for good, as the engine reports it. */
export interface DlqFailure {
  flow: string;
  record: DlqSourceRecord;
  mappingVersion: string | null;
  runId: string | null;
  /** The job whose retried attempts (see `recordAttempts`) belong to this failure. */
  jobId?: string;
  attempt: number;
  facts: FailureFacts;
}

/** Filters of a DLQ listing; every one optional. Time bounds are epoch ms on `updatedAt`. */
export interface DlqFilter {
  flow?: string;
  code?: string;
  /** Default `open`; `all` lists every status. */
  status?: DlqItem['status'] | 'all';
  from?: number;
  to?: number;
  /** Only these item ids. */
  ids?: readonly string[];
}

/** A page of a DLQ listing. */
export interface DlqPage {
  items: DlqItem[];
  total: number;
}

/**
 * The dead-letter queue, one item per (flow, source id). Async so that the SQLite and the
 * PostgreSQL repositories share it; the SQLite one runs each call to completion at once.
 */
export interface DlqRepository {
  /** Keeps the failed attempts of records their job will retry, for the DLQ item they may become. */
  recordAttempts(jobId: string, attempt: DlqAttempt, sourceIds: readonly string[]): Promise<void>;
  /** Forgets the retried attempts of a job whose page is done. */
  dropAttempts(jobId: string): Promise<void>;
  /** Adds or reopens one item per failed record; returns their ids in input order. */
  addFailures(failures: readonly DlqFailure[]): Promise<string[]>;
  /** Items matching `filter`, most recently failed first. */
  list(filter?: DlqFilter, paging?: { limit?: number; offset?: number }): Promise<DlqPage>;
  /** Item counts by error code. */
  countByCode(filter?: DlqFilter): Promise<Record<string, number>>;
  /** One item, or undefined. */
  get(id: string): Promise<DlqItem | undefined>;
  /** The open item of one record of a flow, if any. */
  findOpen(flow: string, sourceId: string): Promise<DlqItem | undefined>;
  /** Of `sourceIds`, those with an open item recorded by run `runId` of `flow`. */
  openInRun(flow: string, runId: string, sourceIds: readonly string[]): Promise<Set<string>>;
  /** Closes open items as `replayed` or `discarded` with a reason; returns how many changed. */
  resolve(ids: readonly string[], status: 'replayed' | 'discarded', resolution: string): Promise<number>;
}
