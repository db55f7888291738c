import { contextBridge, ipcRenderer } from 'electron';
import { KIOSK_GLOBAL } from '../contract/api';
import { createKioskBridge } from './bridge';

// Exposes the kiosk contract and nothing else: two channels, no ipcRenderer, no Node (checklist #20).
contextBridge.exposeInMainWorld(KIOSK_GLOBAL, createKioskBridge(ipcRenderer));
