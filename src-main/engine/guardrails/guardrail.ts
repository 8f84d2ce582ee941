// A reason why the model's answer for an image may not apply: checked before the answer is shown.
export type GuardrailCode =
  | 'modality'
  | 'body-part'
  | 'view'
  | 'age'
  | 'small-image'
  | 'age-unknown'
  | 'multi-frame'
  | 'colour'
  | 'polarity-corrected'
  | 'uniform'
  | 'inverted'
  | 'not-chest-radiograph'
  | 'unlike-training';

export interface Guardrail {
  code: GuardrailCode;
  /** Where the evidence came from: DICOM attributes (or image format), the pixels themselves, or the model's own features. */
  source: 'attributes' | 'pixels' | 'features';
  /** One short sentence a person understands. */
  reason: string;
}
