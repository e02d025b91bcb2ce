import { connectRefinementList } from 'instantsearch.js/es/connectors';

interface Params {
  container: string;
}

/**
 * A refinement list with counts where one value at a time is selected: the service filters on one
 * category and one brand (README, "InstantSearch / Algolia compatibility"), so picking a value
 * replaces the previous one instead of OR-ing with it.
 */
export const singleRefinementList = connectRefinementList<Params>((options, isFirstRender) => {
  const container = document.querySelector<HTMLElement>(options.widgetParams.container);
  if (!container) throw new Error(`no element ${options.widgetParams.container}`);
  if (isFirstRender) {
    const list = document.createElement('ul');
    list.className = 'facet-list';
    container.append(list);
  }
  const list = container.querySelector('ul') as HTMLUListElement;
  list.replaceChildren(
    ...options.items.map((item) => {
      const li = document.createElement('li');
      li.className = `facet-item${item.isRefined ? ' facet-item--selected' : ''}`;
      li.dataset.value = item.value;
      const label = document.createElement('label');
      const input = document.createElement('input');
      input.type = 'checkbox';
      input.checked = item.isRefined;
      input.addEventListener('change', () => {
        // Clear the other selected value first; InstantSearch sends one search for both changes.
        for (const other of options.items)
          if (other.isRefined && other.value !== item.value) options.refine(other.value);
        options.refine(item.value);
      });
      const name = document.createElement('span');
      name.className = 'facet-label';
      name.textContent = item.label;
      const count = document.createElement('span');
      count.className = 'facet-count';
      count.textContent = String(item.count);
      label.append(input, name, count);
      li.append(label);
      return li;
    }),
  );
});
