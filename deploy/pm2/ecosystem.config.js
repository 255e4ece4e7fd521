// PM2 process file for Aegis Core on a VM without containers: `pm2 start deploy/pm2/ecosystem.config.js`.
// Build first (`npm ci`). One process per core in cluster mode; PM2 restarts a crashed process.
module.exports = {
  apps: [
    {
      name: 'aegis-core',
      script: 'dist/scorer/src/cli.js',
      args: 'serve',
      cwd: __dirname + '/../..',
      instances: 'max',
      exec_mode: 'cluster',
      max_memory_restart: '1G',
      kill_timeout: 10000,
      env: {
        NODE_ENV: 'production',
        PORT: '8081',
        LOG_LEVEL: 'info',
        DRY_RUN: 'false',
      },
    },
  ],
};
