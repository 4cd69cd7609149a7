/**
 * Composition root of the desktop app (placeholder: the app arrives with the desktop issue).
 * Starts Electron, opens the one window, and quits when the last window closes (except on macOS,
 * where apps stay open until the user quits).
 */
import { app, BrowserWindow } from 'electron';
import { createWindow } from './create-window.js';

// One instance at a time: a second launch focuses the first window instead.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    const [window] = BrowserWindow.getAllWindows();
    if (window === undefined) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) void createWindow();
  });

  void app.whenReady().then(createWindow);
}
