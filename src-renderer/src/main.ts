import { mount } from 'svelte';
import App from './App.svelte';
import './app.css';
import { connect } from './lib/api/connect';
import { AppState } from './lib/state/app-state.svelte';

const target = document.getElementById('app');
if (!target) throw new Error('index.html lacks #app');
const connection = connect();
const app = 'error' in connection ? null : new AppState(connection.api, connection.host);
mount(App, { target, props: { app, startupError: 'error' in connection ? connection.error : null } });
if (app) void app.start();
