import { mount } from 'svelte';
import './styles.css';
import App from './App.svelte';
import ProjectorApp from './screens/Projector.svelte';

// The projector: `?window=projector` in a browser (LAN display), or the desktop shell's
// projector window, which sets __PLENO_WINDOW__ before the page loads.
const params = new URLSearchParams(window.location.search);
const projector =
  params.get('window') === 'projector' ||
  (window as unknown as { __PLENO_WINDOW__?: string }).__PLENO_WINDOW__ === 'projector';
const target = document.getElementById('app');
if (!target) throw new Error('#app missing');
const Root = projector ? ProjectorApp : App;
mount(Root, { target });
