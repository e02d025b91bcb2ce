/** What a generated product of one category looks like; prices are in the currency's units. */
export interface CategoryProfile {
  category: string;
  brands: readonly string[];
  kinds: readonly string[];
  features: readonly string[];
  tags: readonly string[];
  priceRange: readonly [number, number];
}

export const CATEGORY_PROFILES: readonly CategoryProfile[] = [
  {
    category: 'headphones',
    brands: [
      'Sony',
      'Bose',
      'Sennheiser',
      'JBL',
      'Audio-Technica',
      'Beyerdynamic',
      'Jabra',
      'Anker Soundcore',
    ],
    kinds: [
      'Over-Ear Headphones',
      'In-Ear Earbuds',
      'On-Ear Headphones',
      'Studio Headphones',
      'Sports Earbuds',
    ],
    features: ['Wireless', 'Noise Cancelling', 'Bluetooth 5.3', 'Hi-Res Audio', 'Foldable', 'Low Latency'],
    tags: ['wireless', 'noise cancelling', 'bluetooth', 'audio', 'travel', 'usb-c', 'microphone'],
    priceRange: [19, 449],
  },
  {
    category: 'laptops',
    brands: ['Lenovo', 'Dell', 'HP', 'Apple', 'ASUS', 'Acer', 'Microsoft', 'Framework'],
    kinds: ['Ultrabook', 'Gaming Laptop', 'Business Laptop', '2-in-1 Laptop', 'Chromebook'],
    features: ['14-inch', '16-inch', 'OLED', '32 GB RAM', '1 TB SSD', 'Thunderbolt 4', 'Backlit Keyboard'],
    tags: ['laptop', 'notebook', 'portable', 'work', 'gaming', 'student', 'windows', 'linux'],
    priceRange: [299, 3299],
  },
  {
    category: 'phones',
    brands: ['Samsung', 'Apple', 'Google', 'Xiaomi', 'OnePlus', 'Motorola', 'Nothing', 'Fairphone'],
    kinds: ['Smartphone', 'Foldable Phone', 'Rugged Phone', 'Compact Phone'],
    features: ['5G', '128 GB', '256 GB', 'Dual SIM', 'AMOLED', 'Fast Charging', 'Triple Camera'],
    tags: ['phone', 'smartphone', 'android', 'ios', '5g', 'camera', 'unlocked'],
    priceRange: [129, 1799],
  },
  {
    category: 'cameras',
    brands: ['Canon', 'Nikon', 'Fujifilm', 'Sony', 'Panasonic', 'GoPro', 'Olympus', 'Leica'],
    kinds: ['Mirrorless Camera', 'DSLR Camera', 'Action Camera', 'Compact Camera', 'Instant Camera'],
    features: ['4K Video', 'Full-Frame', '24 MP', 'Image Stabilisation', 'Weather Sealed', 'Wi-Fi'],
    tags: ['camera', 'photography', 'video', 'lens', 'travel', 'vlogging'],
    priceRange: [79, 4299],
  },
  {
    category: 'kitchen',
    brands: ['KitchenAid', "De'Longhi", 'Tefal', 'Le Creuset', 'Bosch', 'Smeg', 'Zwilling', 'Bialetti'],
    kinds: ['Espresso Machine', 'Stand Mixer', 'Cast Iron Casserole', "Chef's Knife", 'Kettle', 'Blender'],
    features: ['Stainless Steel', 'Dishwasher Safe', 'Café Style', 'Induction Ready', '1.7 L', 'Non-Stick'],
    tags: ['kitchen', 'cooking', 'coffee', 'baking', 'home', 'gift'],
    priceRange: [15, 899],
  },
  {
    category: 'books',
    brands: ['Penguin', 'HarperCollins', "O'Reilly", 'Gallimard', 'Vintage', 'Bloomsbury', 'Pan Macmillan'],
    kinds: ['Paperback', 'Hardcover', 'Cookbook', 'Field Guide', 'Novel', 'Programming Handbook'],
    features: ['Illustrated', 'Second Edition', 'Annotated', "Collector's Edition", 'Large Print'],
    tags: ['book', 'reading', 'fiction', 'non-fiction', 'gift', 'education'],
    priceRange: [6, 65],
  },
  {
    category: 'sports',
    brands: ['Decathlon', 'Nike', 'Adidas', 'Garmin', 'Salomon', 'Wilson', 'Osprey', 'Patagonia'],
    kinds: ['Running Shoes', 'Yoga Mat', 'Hiking Backpack', 'GPS Watch', 'Tennis Racket', 'Cycling Helmet'],
    features: ['Lightweight', 'Waterproof', 'Breathable', 'Recycled Materials', 'Reflective', 'Trail'],
    tags: ['sports', 'outdoor', 'running', 'fitness', 'hiking', 'cycling'],
    priceRange: [12, 699],
  },
  {
    category: 'furniture',
    brands: ['IKEA', 'Herman Miller', 'Muuto', 'HAY', 'Vitra', 'Flexispot', 'Habitat'],
    kinds: ['Office Chair', 'Standing Desk', 'Bookshelf', 'Sofa', 'Dining Table', 'Floor Lamp'],
    features: ['Ergonomic', 'Solid Oak', 'Height Adjustable', 'Modular', 'Scandinavian', 'Velvet'],
    tags: ['furniture', 'home', 'office', 'living room', 'design'],
    priceRange: [39, 2499],
  },
  {
    category: 'toys',
    brands: ['LEGO', 'Playmobil', 'Hasbro', 'Mattel', 'Ravensburger', 'Hape', 'Schleich'],
    kinds: ['Building Set', 'Board Game', 'Jigsaw Puzzle', 'Wooden Train Set', 'Plush Toy', 'Science Kit'],
    features: ['1000 Pieces', 'Ages 6+', 'Family Edition', 'Eco-Friendly', 'Glow in the Dark'],
    tags: ['toys', 'kids', 'games', 'puzzle', 'gift', 'family'],
    priceRange: [8, 249],
  },
  {
    category: 'garden',
    brands: ['Gardena', 'Fiskars', 'Bosch', 'Husqvarna', 'Weber', 'Kärcher', 'Stihl'],
    kinds: [
      'Cordless Lawn Mower',
      'Pruning Shears',
      'Hose Reel',
      'Charcoal Grill',
      'Pressure Washer',
      'Raised Bed',
    ],
    features: ['18 V Battery', 'Rust Resistant', 'Foldable', 'Cordless', 'Quiet', 'Weatherproof'],
    tags: ['garden', 'outdoor', 'tools', 'bbq', 'lawn', 'patio'],
    priceRange: [9, 1199],
  },
];
