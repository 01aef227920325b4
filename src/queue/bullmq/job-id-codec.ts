/**
 * Reversible mapping between our job ids and BullMQ's. BullMQ refuses custom ids that contain
 * ':' (its key separator) or look like integers (its own ids), while our ids are free text such
 * as `run-7/sync/0` or `companies:p1`. Every id we hand to BullMQ is therefore prefixed, with '%'
 * and ':' percent-encoded, so decoding is exact and no id of ours can collide with one of BullMQ's.
 */
export const jobIdCodec = {
  /**
   * @example
   * jobIdCodec.encode('companies:p1'); // 'id-companies%3Ap1'
   */
  encode(id: string): string {
    return `${PREFIX}${id.replace(/[%:]/g, (char) => (char === '%' ? '%25' : '%3A'))}`;
  },

  /**
   * @example
   * jobIdCodec.decode('id-companies%3Ap1'); // 'companies:p1'
   */
  decode(bullId: string): string {
    if (!bullId.startsWith(PREFIX)) return bullId;
    return bullId.slice(PREFIX.length).replace(/%(25|3A)/g, (sequence) => (sequence === '%25' ? '%' : ':'));
  },
};

const PREFIX = 'id-';
