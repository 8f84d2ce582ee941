// Application menu: File (open, recent), View (viewer commands the renderer also has as keys).
import { Menu, type MenuItemConstructorOptions } from 'electron';
import type { HostCommand } from '../api/host-events';
import { basename } from 'node:path';

export interface MenuActions {
  open(): void;
  openFile(file: string): void;
  clearRecent(): void;
  command(c: HostCommand['command']): void;
}

export function buildAppMenu(recent: string[], actions: MenuActions): Menu {
  const isMac = process.platform === 'darwin';
  const recentItems: MenuItemConstructorOptions[] = recent.length
    ? [
        ...recent.map((f) => ({ label: basename(f), sublabel: f, click: () => actions.openFile(f) })),
        { type: 'separator' as const },
        { label: 'Clear recent', click: () => actions.clearRecent() },
      ]
    : [{ label: 'No recent studies', enabled: false }];
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'Open Study…', accelerator: 'CmdOrCtrl+O', click: () => actions.open() },
        { label: 'Open Recent', submenu: recentItems },
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        { label: 'Fit to Window', accelerator: 'F', registerAccelerator: false, click: () => actions.command('fit') },
        { label: 'Actual Size', accelerator: '0', registerAccelerator: false, click: () => actions.command('actual-size') },
        { label: 'Invert', accelerator: 'I', registerAccelerator: false, click: () => actions.command('invert') },
        { label: 'Reset View', accelerator: 'Space', registerAccelerator: false, click: () => actions.command('reset') },
        { label: 'AI Heat Map', accelerator: 'O', registerAccelerator: false, click: () => actions.command('toggle-overlay') },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { label: 'Help', submenu: [{ label: 'Keyboard Shortcuts', accelerator: 'Shift+/', registerAccelerator: false, click: () => actions.command('help') }] },
  ];
  return Menu.buildFromTemplate(template);
}
