// The note beside an answer for an image that cannot be checked against the model's population: a JPEG
// or PNG records no age or view, so the rules that hold back an adult's or a lateral DICOM cannot
// run on it (only the pixel and out-of-distribution checks do). The answer is not held back (most
// research sets are JPEGs), but the reader is told what was not checked: in the AI panel, the
// worklist row, the CSV and the DICOM results.
import type { ModelCard } from '../../api/model-card';

export function uncheckedPopulationNote(format: 'dicom' | 'jpeg' | 'png', card: ModelCard | null): string | null {
  const population = card?.population;
  if (format === 'dicom' || !population || (!population.ageYears && !population.views?.length)) return null;
  const who = [
    population.ageYears ? `${population.ageYears[1] < 18 ? 'children' : 'patients'} aged ${population.ageYears[0]}-${population.ageYears[1]} years` : null,
    population.views?.length ? `${population.views.join('/')} views` : null,
  ].filter((x): x is string => x !== null);
  return `A ${format.toUpperCase()} records no patient age or view, so Alveo could not check this image against what the model was trained on (${who.join(', ')}). Make sure it is one.`;
}
