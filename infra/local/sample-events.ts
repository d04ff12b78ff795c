/**
 * Reading a sample event from events/. Applications are accepted only for trips that start between today
 * and one year ahead, so a committed event cannot hold fixed dates: it writes `{{today+7}}` and the date
 * is filled in, in Asia/Shanghai, when the event is read.
 */
import { readFileSync } from 'node:fs';
import { addDays, shanghaiDate } from '../../shared/domain/time.ts';

const relativeDate = /\{\{today([+-]\d+)?\}\}/g;

/** The event's text with every `{{today}}` / `{{today+N}}` replaced by that date (`YYYY-MM-DD`). */
export function fillSampleDates(text: string, nowMs = Date.now()): string {
  const today = shanghaiDate(nowMs);
  return text.replace(relativeDate, (_, offset: string | undefined) => addDays(today, Number(offset ?? 0)));
}

export function readSampleEvent(file: string): unknown {
  return JSON.parse(fillSampleDates(readFileSync(file, 'utf8')));
}
