/** Permission request and check handlers: the kiosk needs none, so every one is denied. */
export function createPermissionRequestHandler(log: (permission: string) => void = () => {}) {
  return (_webContents: unknown, permission: string, callback: (granted: boolean) => void): void => {
    log(permission);
    callback(false);
  };
}

export function createPermissionCheckHandler() {
  return (): boolean => false;
}
