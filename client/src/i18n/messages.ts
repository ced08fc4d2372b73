// The client's own words, one file per language. Chinese is the source of truth; the English
// dictionary must have every key (its type enforces it). Server messages arrive in Chinese and are shown as they are.
import { zhCN } from './messages.zh-CN';

export { zhCN } from './messages.zh-CN';
export { en } from './messages.en';

export type MessageKey = keyof typeof zhCN;
export type Messages = Record<MessageKey, string>;
