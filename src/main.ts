import { mount } from 'svelte';
import App from './app/App.svelte';
import EmbedApp from './app/EmbedApp.svelte';
import 'leaflet/dist/leaflet.css';
import './app/app.css';

// The share link with ?embed=1 opens the read-only view for presentations.
const embed = new URLSearchParams(location.search).get('embed') === '1';
mount(embed ? EmbedApp : App, { target: document.getElementById('app')! });
