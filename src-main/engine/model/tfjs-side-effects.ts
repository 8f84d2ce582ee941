// The cpu backend, registered for the named 'cpu' choice (the umbrella package registered it too).
// Gradients need no import: tfjs-layers registers every op's gradient when it loads.
import '@tensorflow/tfjs-backend-cpu';
