// A stand-in for the `electron` module, so the built main bundle can be started under plain Node
// where the Electron binary is absent. Every API is a recording proxy; `app` answers the few
// questions main asks (paths, version, lock). The record is printed as JSON on exit.
const record = [];
const plain = (v) => {
  try {
    return JSON.parse(JSON.stringify(v, (_k, x) => (typeof x === 'function' ? '[function]' : x)));
  } catch {
    return String(v);
  }
};
const answers = {
  'app.whenReady': () => Promise.resolve(),
  'app.requestSingleInstanceLock': () => true,
  'app.getPath': (name) => `${process.env.STUB_USER_DIR}/${name}`,
  'app.getAppPath': () => process.env.STUB_APP_PATH,
  'app.getVersion': () => '0.0.0-test',
};
function api(path) {
  return new Proxy(function () {}, {
    get(_t, p) {
      if (p === 'then' || typeof p === 'symbol') return undefined;
      const key = `${path}.${p}`;
      if (key === 'app.isPackaged') return false;
      if (answers[key]) return (...args) => (record.push({ call: key, args: plain(args) }), answers[key](...args));
      return api(key);
    },
    apply(_t, _this, args) {
      record.push({ call: path, args: plain(args) });
      return api(`${path}()`);
    },
    construct(_t, args) {
      record.push({ call: `new ${path}`, args: plain(args) });
      return api(`new ${path}`);
    },
  });
}
export const app = api('app');
export const BrowserWindow = api('BrowserWindow');
export const Menu = api('Menu');
export const dialog = api('dialog');
export const ipcMain = api('ipcMain');
export const ipcRenderer = api('ipcRenderer');
export const contextBridge = api('contextBridge');
export const webUtils = api('webUtils');
export const net = api('net');
export const protocol = api('protocol');
export const session = api('session');
export const webContents = api('webContents');
export const safeStorage = api('safeStorage');
export default { app };
process.on('exit', () => process.stdout.write(`\n@@RECORD@@${JSON.stringify(record)}\n`));
