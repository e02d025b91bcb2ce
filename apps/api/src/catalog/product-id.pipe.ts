import { BadRequestException, Injectable, type PipeTransform } from '@nestjs/common';
import { PRODUCT_LIMITS } from '@app/catalog';

const PRODUCT_ID = new RegExp(`^[A-Za-z0-9._:-]{1,${PRODUCT_LIMITS.idMaxLength}}$`);

/** Path ids follow the same rule as body ids, so a malformed id is a 400, not a lookup. */
@Injectable()
export class ProductIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!PRODUCT_ID.test(value)) {
      throw new BadRequestException(
        `id must be 1-${PRODUCT_LIMITS.idMaxLength} letters, digits, ".", "_", ":" or "-"`,
      );
    }
    return value;
  }
}
