// The native "Open a study" dialog, parented to the focused window.
import { BrowserWindow, dialog, type OpenDialogOptions } from 'electron';

const OPTIONS: OpenDialogOptions = {
  title: 'Open a study',
  // Several files at once open as a study set (frontal + lateral, a series, a DICOMDIR's images).
  properties: ['openFile', 'multiSelections'],
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
