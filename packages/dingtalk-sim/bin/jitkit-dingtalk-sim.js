#!/usr/bin/env node
// Launcher: exists before the build, so package managers can link it at install time.
import '../dist/bin.js';
