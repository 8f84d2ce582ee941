// electron-builder afterPack: a package must carry the native binaries of the OS and architecture
// it is for. sharp (every image decode) and ONNX Runtime are installed by npm for the machine that
// ran `npm install`; packing Windows on Linux copied Linux's sharp and made a package that opens no
// image (review 29 F3). Build each OS/arch on its own machine (or install its binaries first).
const { existsSync, readdirSync } = require('node:fs');
const { join } = require('node:path');

const ARCH = ['ia32', 'x64', 'armv7l', 'arm64', 'universal'];

/** What must be there for `platform`/`arch`, relative to app.asar.unpacked/node_modules. */
function required(platform, arch) {
  return [`@img/sharp-${platform}-${arch}`, `onnxruntime-node/bin/napi-v6/${platform}/${arch}`];
}

function resourcesDir(context) {
  if (context.electronPlatformName !== 'darwin') return join(context.appOutDir, 'resources');
  const app = readdirSync(context.appOutDir).find((f) => f.endsWith('.app'));
  return join(context.appOutDir, app ?? 'Alveo.app', 'Contents', 'Resources');
}

exports.default = async function checkNativeBinaries(context) {
  const platform = context.electronPlatformName;
  const arch = ARCH[context.arch] ?? String(context.arch);
  const modules = join(resourcesDir(context), 'app.asar.unpacked', 'node_modules');
  const missing = required(platform, arch).filter((p) => !existsSync(join(modules, p)));
  if (platform === 'darwin' && arch === 'x64') {
    // onnxruntime-node 1.30 has no darwin/x64 binary: Intel Macs run inference on tfjs (docs/inference.md).
    const i = missing.findIndex((p) => p.startsWith('onnxruntime-node/'));
    if (i >= 0) missing.splice(i, 1);
  }
  if (missing.length) {
    throw new Error(`the ${platform}-${arch} package lacks ${missing.join(', ')}: npm installed the binaries of the machine it ran on. Build each OS/architecture on its own machine, or install its binaries first (npm install --os=${platform} --cpu=${arch} sharp).`);
  }
};
