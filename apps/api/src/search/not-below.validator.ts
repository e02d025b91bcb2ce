import { registerDecorator, type ValidationArguments } from 'class-validator';

/** The decorated number must not be below a sibling number (maxPrice ≥ minPrice); either may be absent. */
export function NotBelow(sibling: string) {
  return (target: object, propertyName: string): void => {
    registerDecorator({
      name: 'notBelow',
      target: target.constructor,
      propertyName,
      options: { message: `${propertyName} must not be less than ${sibling}` },
      validator: {
        validate(value: unknown, args: ValidationArguments): boolean {
          const other = (args.object as Record<string, unknown>)[sibling];
          return typeof value !== 'number' || typeof other !== 'number' || value >= other;
        },
      },
    });
  };
}
