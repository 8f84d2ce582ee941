// The native "Open a study" dialog, parented to the focused window.
import { BrowserWindow, dialog, type OpenDialogOptions } from 'electron';

const OPTIONS: OpenDialogOptions = {
  title: 'Open a study',
  properties: ['openFile'],
  filters: [
    { name: 'Radiographs', extensions: ['dcm', 'dicom', 'jpg', 'jpeg', 'png'] },
    { name: 'All files (DICOM without extension)', extensions: ['*'] },
  ],
};

export async function chooseStudyFiles(): Promise<string[]> {
  const win = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
  const r = win ? await dialog.showOpenDialog(win, OPTIONS) : await dialog.showOpenDialog(OPTIONS);
  return r.canceled ? [] : r.filePaths;
}
