import { erlangC } from './erlang-c';
import { checkQueueInput, IDLE, QueueFigures, QueueInput, QueueInputError } from './queue-figures';

export interface PatientQueueInput extends QueueInput {
  /** Mean patience: how long a citizen waits, on average, before giving up (exponential). Infinity: nobody gives up. */
  patienceMinutes: number;
}

// States whose weight is below e^−45 (≈ 3·10⁻²⁰) of the largest are left out of the chain.
const NEGLIGIBLE_LOG = 45;
// Poisson terms beyond the mean + 12 standard deviations weigh less than 10⁻²⁰ together.
const POISSON_SIGMAS = 12;

/**
 * The stationary distribution of the number in the hall, p(n): a birth–death chain with births
 * λ and deaths μ·min(n, N) + θ·max(n − N, 0) (θ = 1 / patience). Built from log-weights so that
 * large loads do not overflow, and cut where the tail is negligible; always finite since with
 * θ > 0 the deaths outgrow λ.
 */
export function stationaryDistribution(lambda: number, mu: number, theta: number, windows: number): number[] {
  const logs = [0];
  let max = 0;
  for (let n = 1; ; n++) {
    const deaths = mu * Math.min(n, windows) + theta * Math.max(n - windows, 0);
    const log = logs[n - 1] + Math.log(lambda) - Math.log(deaths);
    logs.push(log);
    max = Math.max(max, log);
    if (n > windows && deaths > lambda && log < max - NEGLIGIBLE_LOG) break;
  }
  const weights = logs.map((l) => Math.exp(l - max));
  const total = weights.reduce((s, w) => s + w, 0);
  return weights.map((w) => w / total);
}

/**
 * Of arrivals who find `windows` busy and join at positions 1…J with the given probabilities, the
 * share called within t. Ahead of a citizen at position j the line moves at Nμ + (j−1)θ (a
 * window frees, or someone ahead gives up), and the citizen gives up at θ: the time to be called
 * is a phase-type variable, evaluated exactly by uniformisation (a Poisson mixture of a
 * discrete chain), with log-space Poisson weights so that long horizons do not underflow.
 */
function calledWithin(joinAt: readonly number[], nMu: number, theta: number, t: number): number {
  const positions = joinAt.length;
  if (positions === 0 || t === 0) return 0;
  const uniform = nMu + positions * theta;
  const lt = uniform * t;
  // A target wait so short that the horizon underflows: nobody waiting is called within it.
  if (lt === 0) return 0;
  let v = joinAt.slice();
  let served = 0;
  let result = 0;
  const last = Math.ceil(lt + POISSON_SIGMAS * Math.sqrt(lt) + 10);
  for (let k = 0; k <= last; k++) {
    result += Math.exp(-lt + k * Math.log(lt) - logFactorial(k)) * served;
    // One step of the uniformised chain: position j (index j−1) moves up at nMu + (j−1)θ, leaves at θ.
    const next = new Array<number>(positions);
    for (let i = 0; i < positions; i++) {
      const stay = 1 - (nMu + (i + 1) * theta) / uniform;
      next[i] = v[i] * stay + (i + 1 < positions ? v[i + 1] * ((nMu + (i + 1) * theta) / uniform) : 0);
    }
    served += v[0] * (nMu / uniform);
    v = next;
  }
  return result;
}

/** Sums of many probabilities can stray past [0, 1] by a rounding error. */
const share = (x: number) => Math.min(1, Math.max(0, x));

const logFactorials: number[] = [0];
function logFactorial(k: number): number {
  for (let i = logFactorials.length; i <= k; i++) logFactorials.push(logFactorials[i - 1] + Math.log(i));
  return logFactorials[k];
}

/**
 * Erlang A (M/M/N+M): as Erlang C, but each waiting citizen gives up after an exponential patience
 * with the mean given. Solved exactly on the birth–death chain (no approximation but the cut-off of
 * a negligible tail). Always stable: the queue cannot grow without end when people leave it.
 *
 * - probabilityOfWaiting: P(n ≥ N) at arrival (Poisson arrivals see time averages).
 * - meanWaitMinutes: Lq / λ (Little), the time in the queue of every arrival until called or gone.
 * - abandonmentShare: θ·Lq / λ. utilisation: E[min(n, N)] / N.
 * - withinTargetShare: P(called within t) / P(called): those who give up are never called, as in
 *   the hall's 等候达标率 (called within target ÷ called).
 */
export function erlangA(input: PatientQueueInput): QueueFigures {
  checkQueueInput(input);
  const { arrivalsPerMinute: lambda, meanServiceMinutes: s, windows, targetWaitMinutes: t, patienceMinutes } = input;
  if (!(patienceMinutes > 0)) throw new QueueInputError('patienceMinutes', 'patience must be > 0');
  if (patienceMinutes === Infinity) return erlangC(input);
  if (lambda === 0) return IDLE;
  const mu = 1 / s;
  const theta = 1 / patienceMinutes;
  const p = stationaryDistribution(lambda, mu, theta, windows);
  let waiting = 0;
  let queueLength = 0;
  let busy = 0;
  for (let n = 0; n < p.length; n++) {
    if (n >= windows) waiting += p[n];
    queueLength += Math.max(n - windows, 0) * p[n];
    busy += Math.min(n, windows) * p[n];
  }
  const abandonment = share((theta * queueLength) / lambda);
  const called = 1 - abandonment;
  const calledAtOnce = 1 - share(waiting);
  const within = calledAtOnce + calledWithin(p.slice(windows), windows * mu, theta, t);
  return {
    stable: true,
    probabilityOfWaiting: share(waiting),
    withinTargetShare: called > 0 ? share(within / called) : 0,
    meanWaitMinutes: queueLength / lambda,
    utilisation: windows > 0 ? share(busy / windows) : 0,
    abandonmentShare: abandonment,
  };
}
