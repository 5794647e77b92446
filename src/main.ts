import { mount } from 'svelte';
import App from './app/App.svelte';
import EmbedApp from './app/EmbedApp.svelte';
import 'leaflet/dist/leaflet.css';
import './app/app.css';

// A share link with ?embed=1 opens the read-only view for presentations (&show=districts,curve adds
// those under its KPIs), one with ?view=1 the read-only page of the whole plan; neither stores anything.
const params = new URLSearchParams(location.search);
const embed = params.get('embed') === '1';
const view = params.get('view') === '1';
const show = new Set((params.get('show') ?? '').split(',').map((part) => part.trim()));
const target = document.getElementById('app')!;
if (embed || view) mount(EmbedApp, { target, props: { view: !embed, show: { districts: show.has('districts'), curve: show.has('curve') } } });
else mount(App, { target });
