import './lib/zod-jitless';
import '@fontsource/atkinson-hyperlegible/400.css';
import '@fontsource/atkinson-hyperlegible/700.css';
import './assets/styles/global.css';
import { mount } from 'svelte';
import App from './App.svelte';
import { connectKioskApi } from './lib/api';
import { trackFieldTarget } from './lib/input/field-target';
import { session } from './lib/stores/session.svelte';
import { central } from './lib/stores/central.svelte';
import { staff } from './lib/stores/staff.svelte';
import { watchSpeech } from './lib/stores/speech.svelte';

// One API for the life of the page; a reset reloads the page and so starts a fresh one.
session.attach(connectKioskApi());
central.watch();
staff.watch();
watchSpeech();
trackFieldTarget();

const target = document.getElementById('app');
if (!target) throw new Error('renderer/index.html has no #app');
mount(App, { target });
