// Adam with decoupled weight decay (AdamW), updating one variable at a time inside its own tidy.
// tfjs's own Adam computes every variable's update inside one tidy, so all temporaries of all
// 11M ResNet18 weights live at once (~600 MB of wasm heap, whose ceiling is 4 GB); this one peaks
// at the largest single variable's.
import type { NamedTensorMap, Variable } from '@tensorflow/tfjs-core';
import type { Tf } from '../model/tf-backend';

export interface AdamWOptions {
  learningRate: number;
  /** Decoupled decay: w -= learningRate * weightDecay * w, for variables in `decay` only. */
  weightDecay: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

export class AdamW {
  learningRate: number;
  private readonly beta1: number;
  private readonly beta2: number;
  private readonly epsilon: number;
  private readonly moments = new Map<Variable, { m: Variable; v: Variable }>();
  private t = 0;

  constructor(
    private readonly tf: Tf,
    private readonly decay: ReadonlySet<Variable>,
    private readonly opts: AdamWOptions,
  ) {
    this.learningRate = opts.learningRate;
    this.beta1 = opts.beta1 ?? 0.9;
    this.beta2 = opts.beta2 ?? 0.999;
    this.epsilon = opts.epsilon ?? 1e-7;
  }

  /** Applies `grads` (by variable name) to `vars`, disposing each gradient once used. */
  apply(vars: Variable[], grads: NamedTensorMap): void {
    const { tf } = this;
    this.t++;
    // As tfjs's Adam and torch.optim.AdamW: bias-corrected moments, epsilon outside the root.
    const c1 = 1 - this.beta1 ** this.t;
    const c2 = 1 - this.beta2 ** this.t;
    const keep = 1 - this.learningRate * this.opts.weightDecay;
    for (const w of vars) {
      const g = grads[w.name];
      if (!g) continue;
      let s = this.moments.get(w);
      if (!s) {
        // tidy frees the zeros the variables are made from (variables themselves survive it).
        s = tf.tidy(() => ({ m: tf.variable(tf.zerosLike(w), false), v: tf.variable(tf.zerosLike(w), false) }));
        this.moments.set(w, s);
      }
      const { m, v } = s;
      tf.tidy(() => {
        const m1 = tf.add(tf.mul(m, this.beta1), tf.mul(g, 1 - this.beta1));
        const v1 = tf.add(tf.mul(v, this.beta2), tf.mul(tf.square(g), 1 - this.beta2));
        m.assign(m1);
        v.assign(v1);
        const step = tf.mul(tf.div(tf.div(m1, c1), tf.add(tf.sqrt(tf.div(v1, c2)), this.epsilon)), this.learningRate);
        const base = this.decay.has(w) && this.opts.weightDecay > 0 ? tf.mul(w, keep) : w;
        w.assign(tf.sub(base, step));
      });
      g.dispose();
    }
  }

  dispose(): void {
    for (const { m, v } of this.moments.values()) {
      m.dispose();
      v.dispose();
    }
    this.moments.clear();
  }
}
