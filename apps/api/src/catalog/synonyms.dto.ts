import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsString, Matches, MaxLength } from 'class-validator';

/** Limits of the managed synonym set (each rule is one line of Solr synonym syntax). */
export const SYNONYM_LIMITS = { rulesMax: 1000, ruleMaxLength: 500 } as const;

export class SynonymsDto {
  @ApiProperty({
    type: [String],
    maxItems: SYNONYM_LIMITS.rulesMax,
    example: ['tv, television', 'laptop, notebook', 'otr => over the range'],
    description:
      'Solr synonym rules, one per entry: `a, b, c` (equivalent) or `a => b` (a is replaced by b). ' +
      'Applied at search time; the whole set is replaced.',
  })
  @IsArray()
  @ArrayMaxSize(SYNONYM_LIMITS.rulesMax)
  @IsString({ each: true })
  @MaxLength(SYNONYM_LIMITS.ruleMaxLength, { each: true })
  // One rule per entry: a line break would smuggle in a second rule the caller did not list.
  @Matches(/^[^\r\n]*\S[^\r\n]*$/, { each: true, message: 'each rule must be one non-blank line' })
  rules!: string[];
}
