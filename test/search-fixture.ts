/**
 * Hand-written products for the search e2e spec. Expectations in the spec are computed from this
 * list, so a product can be added without editing the assertions. Ties on price, rating and
 * createdAt are deliberate: they exercise the id tiebreaker.
 */
export interface FixtureProduct {
  id: string;
  title: string;
  description: string;
  brand: string;
  category: string;
  tags: string[];
  price: number;
  currency: string;
  rating: number;
  stock: number;
  createdAt: string;
}

type Row = [
  id: string,
  title: string,
  description: string,
  brand: string,
  category: string,
  tags: string,
  price: number,
  rating: number,
  stock: number,
  day: number,
];

// One product per line reads as a table; prettier would spread each over a dozen lines.
// prettier-ignore
const ROWS: Row[] = [
  ['p01', 'Acme UltraBook 14 Laptop', 'A thin 14 inch notebook with a bright screen and all-day battery.', 'Acme', 'Computers', 'portable,ultrabook', 999, 4.5, 12, 1],
  ['p02', 'Acme Gaming Laptop 17', 'Fast graphics card, 17 inch screen, RGB keyboard.', 'Acme', 'Computers', 'gaming,portable', 1499, 4.2, 3, 2],
  ['p03', 'Zenith Chromebook 11', 'Small and simple computer for school, runs web apps.', 'Zenith', 'Computers', 'school,portable', 249, 3.9, 0, 3],
  ['p04', 'Zenith Laptop Sleeve', 'Padded neoprene sleeve that fits 13 to 14 inch notebooks.', 'Zenith', 'Accessories', 'sleeve,portable', 25, 4.1, 40, 4],
  ['p05', 'Sony WH-1000XM5 Wireless Headphones', 'Industry leading noise cancelling over-ear headphones with 30 hour battery.', 'Sony', 'Audio', 'bluetooth,noise-cancelling,wireless', 349, 4.7, 8, 5],
  ['p06', 'Sony Studio Headphones MDR-7506', 'Wired monitor headphones for studio mixing, coiled cable.', 'Sony', 'Audio', 'wired,studio', 99, 4.6, 15, 6],
  ['p07', 'Bose QuietComfort Headphones', 'Wireless over-ear headphones. Cancelling a subscription was never this quiet: the noise just fades.', 'Bose', 'Audio', 'bluetooth,wireless', 329, 4.5, 0, 7],
  ['p08', 'Jabra Elite Earbuds', 'True wireless earbuds with active noise cancelling and a compact charging case.', 'Jabra', 'Audio', 'bluetooth,wireless,noise-cancelling', 149, 4.3, 22, 8],
  ['p09', 'Acme Kids Headphones', 'Volume limited headphones for children, foldable.', 'Acme', 'Audio', 'kids,wired', 25, 4, 30, 9],
  ['p10', 'Sony Portable Bluetooth Speaker', 'Waterproof speaker with deep bass for the beach.', 'Sony', 'Audio', 'bluetooth,wireless,waterproof', 99, 4.4, 5, 10],
  ['p11', 'Apple iPhone 15 Phone Case', 'Clear silicone case that protects your phone from drops.', 'Apple', 'Phones', 'case,protection', 49, 4.2, 100, 11],
  ['p12', 'Cast Iron Pan 26 cm', 'Pre-seasoned skillet that keeps heat evenly, for oven and stove.', 'Lodge', 'Kitchen', 'cookware,oven', 39, 4.8, 18, 12],
  ['p13', 'Apple iPhone 15', 'Smartphone with a 6.1 inch display and a great camera.', 'Apple', 'Phones', 'smartphone, 5g', 799, 4.6, 9, 13],
  ['p14', 'Zenith Android Phone Z3', 'Budget smartphone with a big battery and dual camera.', 'Zenith', 'Phones', 'smartphone,android', 199, 3.8, 0, 14],
  ['p15', 'Bosch Coffee Grinder', 'Burr grinder for espresso and filter coffee beans.', 'Bosch', 'Kitchen', 'coffee,grinder', 79, 4.1, 7, 15],
  ['p16', 'Bosch Espresso Machine', 'Pump espresso machine with a milk frother for cappuccino.', 'Bosch', 'Kitchen', 'coffee,espresso', 449, 4.4, 4, 16],
  ['p17', 'Moka Pot Stovetop Coffee Maker', 'Classic aluminium moka pot for strong coffee on the stove.', 'Bialetti', 'Kitchen', 'coffee,stovetop', 39, 4.6, 50, 17],
  ['p18', 'Chef Knife 20 cm', 'Forged steel chef knife with a balanced handle.', 'Wusthof', 'Kitchen', 'knife,cutlery', 129, 4.9, 11, 18],
  ['p19', 'The Pragmatic Programmer', 'Classic book about software craftsmanship and careers in programming.', 'Addison', 'Books', 'software,programming', 45, 4.8, 20, 19],
  ['p20', 'Clean Code', 'A handbook of agile software craftsmanship with many code examples.', 'Prentice', 'Books', 'software,programming', 39, 4.4, 25, 20],
  ['p21', 'Cooking for Geeks', 'Real science, great hacks and good food: a book for curious cooks.', 'OReilly', 'Books', 'cooking,science', 29, 4, 6, 21],
  ['p22', 'Acme USB-C Charger 65W', 'Compact wall charger that powers a laptop, a tablet or a phone.', 'Acme', 'Accessories', 'charger,usb-c', 45, 4.3, 60, 22],
  ['p23', 'Acme USB-C Cable 2m', 'Braided charging cable, fast charging up to 100 W.', 'Acme', 'Accessories', 'cable,usb-c', 12, 4.3, 200, 23],
  ['p24', 'Zenith Wireless Mouse', 'Quiet ergonomic mouse with a USB receiver.', 'Zenith', 'Accessories', 'mouse,wireless', 25, 4, 0, 24],
  ['p25', 'Zenith Mechanical Keyboard', 'Hot-swappable mechanical keyboard with brown switches.', 'Zenith', 'Accessories', 'keyboard,mechanical', 89, 4.5, 14, 25],
  ['p26', 'Sony Noise Cancelling Earbuds WF-1000XM5', 'Small earbuds, big sound, and noise cancelling that adapts to you.', 'Sony', 'Audio', 'bluetooth,wireless,noise-cancelling', 299, 4.5, 10, 26],
  ['p27', 'Acme Desk Lamp LED', 'Dimmable lamp with a warm light for reading.', 'Acme', 'Home', 'lamp,led', 35, 4.2, 16, 27],
  ['p28', 'Robot Vacuum Cleaner', 'Maps your home and vacuums on a schedule.', 'Zenith', 'Home', 'vacuum,smart-home', 1299, 4.1, 2, 28],
  ['p29', 'Smart Thermostat', 'Learns your schedule and saves energy at home.', 'Nestor', 'Home', 'smart-home,energy', 249, 4.5, 0, 28],
  ['p30', 'Café Crème Espresso Cups', 'Set of two porcelain cups for espresso and café crème.', 'Bialetti', 'Kitchen', 'coffee,cups', 19, 4.7, 35, 29],
];

export const PRODUCTS: FixtureProduct[] = ROWS.map(
  ([id, title, description, brand, category, tags, price, rating, stock, day]) => ({
    id,
    title,
    description,
    brand,
    category,
    tags: tags.split(','),
    price,
    currency: 'EUR',
    rating,
    stock,
    createdAt: new Date(Date.UTC(2024, 0, day)).toISOString(),
  }),
);

/** Lowercased words of the fields the search matches, for computing expectations. */
export function words(product: FixtureProduct, fields: (keyof FixtureProduct)[]): string[] {
  return fields
    .flatMap((field) => {
      const value = product[field];
      return Array.isArray(value) ? value : [String(value)];
    })
    .flatMap((text) => text.toLowerCase().split(/[^\p{L}\p{N}]+/u))
    .filter(Boolean);
}

/** Products the sample catalog lacks, added for the compound-word case of the relevance spec. */
export const COMPOUND_PRODUCTS = [
  {
    id: 'dk-001',
    title: 'BEHR Premium DeckOver 1-gal. Wood and Concrete Coating',
    description: 'Thick textured coating that fills cracks in old decks and concrete.',
    brand: 'BEHR',
    category: 'garden',
    tags: ['deck', 'coating'],
  },
  {
    id: 'dk-002',
    title: 'Flexible Garden Hose 1/2 in. x 50 ft.',
    description: 'Kink-free hose for the garden and the patio.',
    brand: 'Acme',
    category: 'garden',
    tags: ['hose', 'watering'],
  },
  {
    id: 'dk-003',
    title: 'Pressure-Treated Lumber 2 in. x 4 in. x 8 ft.',
    description: 'Framing board for decks and fences.',
    brand: 'Acme',
    category: 'garden',
    tags: ['lumber', 'framing'],
  },
  {
    id: 'dk-004',
    title: 'Pressure-Treated Lumber 2 in. x 6 in. x 8 ft.',
    description: 'Framing board for decks and fences.',
    brand: 'Acme',
    category: 'garden',
    tags: ['lumber', 'framing'],
  },
];
