// The dev mock's Network settings: kept in memory; the password only as "set".
import type { NetworkSettings } from '../src/lib/bindings/NetworkSettings';
import type { NetworkView } from '../src/lib/bindings/NetworkView';

let network: NetworkView = {
  settings: {
    proxy_mode: 'system',
    proxy_url: null,
    proxy_user: null,
    no_proxy: [],
    ca_bundle: null,
  },
  proxy_password_set: false,
  config_file: '~/.local/share/snowpost/config.toml',
  keychain_error: null,
};

export function handleNetwork(cmd: string, a: Record<string, unknown>): unknown {
  switch (cmd) {
    case 'network_settings':
      return network;
    case 'save_network':
      network = { ...network, settings: a.settings as NetworkSettings };
      return network;
    case 'set_proxy_password':
    case 'clear_proxy_password':
      network = { ...network, proxy_password_set: cmd === 'set_proxy_password' };
      return network;
    case 'pick_ca_bundle':
      return '/etc/ssl/corp-proxy-ca.pem';
    default:
      return undefined;
  }
}
