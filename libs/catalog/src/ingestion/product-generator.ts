import type { Faker } from '@faker-js/faker';
import type { Product } from '../domain/product';
import { CATEGORY_PROFILES, type CategoryProfile } from './generator-vocabulary';

// A fixed "now" keeps dates reproducible: the same seed gives byte-identical products.
const REFERENCE_DATE = new Date('2025-01-01T00:00:00Z');
const CURRENCIES = ['EUR', 'USD'] as const;

/**
 * Deterministic synthetic products: product `i` depends only on `(seed, i)`, so the same seed
 * gives the same catalog and generation can stream without holding it in memory.
 */
export async function* generateProducts(count: number, seed = 42): AsyncGenerator<Product> {
  // Loaded on demand: faker is ESM-only and large, and only the seed command needs it.
  const { faker } = await import('@faker-js/faker/locale/en');
  for (let i = 0; i < count; i++) yield generateProduct(faker, seed, i);
}

function generateProduct(faker: Faker, seed: number, index: number): Product {
  faker.seed([seed, index]);
  const profile = faker.helpers.arrayElement(CATEGORY_PROFILES);
  const brand = faker.helpers.arrayElement(profile.brands);
  const kind = faker.helpers.arrayElement(profile.kinds);
  const features = faker.helpers.arrayElements(profile.features, { min: 1, max: 2 });
  const model = `${faker.string.alpha({ length: 2, casing: 'upper' })}${faker.number.int({ min: 10, max: 990 })}`;
  const createdAt = faker.date.past({ years: 3, refDate: REFERENCE_DATE });
  return {
    id: `gen-${seed}-${index}`,
    title: `${brand} ${features.join(' ')} ${kind} ${model}`,
    description: describe(faker, profile, kind, features),
    brand,
    category: profile.category,
    tags: faker.helpers.arrayElements(profile.tags, { min: 2, max: 4 }),
    price: price(faker, profile),
    currency: faker.helpers.arrayElement(CURRENCIES),
    rating: faker.number.float({ min: 1, max: 5, fractionDigits: 1 }),
    // About one product in eight is sold out.
    stock: faker.datatype.boolean(0.125) ? 0 : faker.number.int({ min: 1, max: 500 }),
    createdAt: createdAt.toISOString(),
    updatedAt: faker.date.between({ from: createdAt, to: REFERENCE_DATE }).toISOString(),
  };
}

function describe(faker: Faker, profile: CategoryProfile, kind: string, features: readonly string[]): string {
  const highlights = features.map((f) => f.toLowerCase()).join(' and ');
  return [
    `A ${highlights} ${kind.toLowerCase()} for everyday ${profile.category}.`,
    faker.commerce.productDescription(),
    `Material: ${faker.commerce.productMaterial().toLowerCase()}. ${faker.company.catchPhrase()}.`,
  ].join(' ');
}

function price(faker: Faker, profile: CategoryProfile): number {
  const [min, max] = profile.priceRange;
  // Shop prices end in .99 or .49 more often than not.
  const whole = faker.number.int({ min, max });
  return Number((whole + faker.helpers.arrayElement([0.99, 0.49, 0])).toFixed(2));
}
