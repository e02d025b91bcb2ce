import 'reflect-metadata';
import { CommandFactory } from 'nest-commander';
import { ConfigError, loadConfigFromProcess } from '@app/config';
import { CliLogger } from './cli-logger';
import { CliModule } from './cli.module';

async function main(): Promise<void> {
  const config = loadConfigFromProcess();
  await CommandFactory.run(CliModule.forRoot(config), {
    logger: new CliLogger(config.logLevel),
    cliName: 'catalog',
    errorHandler: (error) => {
      // commander already printed the usage problem (or the help); only the exit code is left.
      process.exitCode = (error as { exitCode?: number }).exitCode ?? 2;
    },
  });
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(error.message);
  else console.error(error);
  process.exitCode = 1;
});
