import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BackgroundTimer } from '../common/time/background-timer';

/** How stale a cached setting may be after a change made through another instance. */
export const SETTINGS_CHECK_INTERVAL_MS = 1000;

/**
 * Read-mostly settings (halls, ticket categories, windows, device tokens, staff accounts) are cached
 * per instance, because every ticket, call, screen and request reads them. Any change to their tables
 * bumps settings_revision by trigger, in the writing transaction; this service compares it every
 * SETTINGS_CHECK_INTERVAL_MS and clears every cache when it moved. The instance that writes clears
 * its own caches at once.
 */
@Injectable()
export class SettingsRevision implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Settings');
  private readonly caches = new Set<{ clear(): void }>();
  private readonly listeners = new Set<() => void>();
  private revision: string | null = null;
  private readonly timer = new BackgroundTimer();

  constructor(private readonly dataSource: DataSource) {}

  async onModuleInit(): Promise<void> {
    await this.check();
    this.timer.start(SETTINGS_CHECK_INTERVAL_MS, () => {
      this.check().catch((e: Error) => this.logger.warn(`settings revision check failed: ${e.message}`));
    });
  }

  onModuleDestroy(): void {
    this.timer.stop();
  }

  /** A cache of settings rows, cleared with every other one when the settings change. */
  cache<V>(): SettingsCache<V> {
    const cache = new SettingsCache<V>();
    this.caches.add(cache);
    return cache;
  }

  /**
   * Called after every cache was cleared, whichever instance made the change: for holders of
   * something decided from the settings that is not a cache (a connected socket's principal).
   */
  onChanged(listener: () => void): void {
    this.listeners.add(listener);
  }

  /** After this instance committed a change to the settings. */
  changed(): void {
    for (const cache of this.caches) cache.clear();
    for (const listener of this.listeners) listener();
  }

  private async check(): Promise<void> {
    const [{ revision }] = await this.dataSource.query(`select revision::text as revision from settings_revision`);
    if (this.revision !== null && revision !== this.revision) this.changed();
    this.revision = revision;
  }
}

/**
 * Loads each key once and shares the answer until cleared. A load that fails or finds nothing is
 * not kept: an unknown key (a made-up token, say) must not take memory, nor hide a row created later.
 */
export class SettingsCache<V> {
  private readonly values = new Map<string, V>();
  private readonly loading = new Map<string, Promise<V | null>>();
  private generation = 0;

  /** What is cached for the key, without loading. */
  peek(key: string): V | undefined {
    return this.values.get(key);
  }

  async get(key: string, load: () => Promise<V | null>): Promise<V | null> {
    const value = this.peek(key);
    if (value !== undefined) return value;
    const running = this.loading.get(key);
    if (running) return running;
    const loaded = this.keep(key, load);
    this.loading.set(key, loaded);
    try {
      return await loaded;
    } finally {
      if (this.loading.get(key) === loaded) this.loading.delete(key);
    }
  }

  /**
   * For callers inside a transaction: never joins a load running through the pool (waiting for a
   * second connection while holding one deadlocks once every connection does), loads on its own
   * through the caller's connection instead, and keeps the answer like get().
   */
  async getWithin(key: string, load: () => Promise<V | null>): Promise<V | null> {
    return this.peek(key) ?? this.keep(key, load);
  }

  private async keep(key: string, load: () => Promise<V | null>): Promise<V | null> {
    const generation = this.generation;
    const result = await load();
    if (result !== null && generation === this.generation) this.values.set(key, result);
    return result;
  }

  clear(): void {
    this.generation++;
    this.values.clear();
    this.loading.clear();
  }
}
