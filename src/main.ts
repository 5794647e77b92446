import { mount } from 'svelte';
import App from './app/App.svelte';
import 'leaflet/dist/leaflet.css';
import './app/app.css';

mount(App, { target: document.getElementById('app')! });
