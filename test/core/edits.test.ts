import { planAdd, planRemove } from '../../src/core/edits.js';

const own = { ios: [{ value: 'wbx' }, { value: 'zoomus' }], android: [{ value: 'com.whatsapp' }] };

describe('planAdd', () => {
  it('adds what is missing, skips what is there, once each', () => {
    const plan = planAdd(
      own,
      [
        { platform: 'ios', value: 'wbx' },
        { platform: 'ios', value: 'slack' },
        { platform: 'ios', value: 'slack' },
        { platform: 'android', value: 'com.slack' },
      ],
      { name: 'Slack', added: '2026-11-23', reason: '' },
    );
    expect(plan.present).toEqual([{ platform: 'ios', value: 'wbx' }]);
    expect(plan.added).toEqual([
      { platform: 'ios', value: 'slack' },
      { platform: 'android', value: 'com.slack' },
    ]);
    expect(plan.ops[0]).toEqual({ op: 'add', list: ['ios', 'exceptions'], item: { value: 'slack', name: 'Slack', added: '2026-11-23' } });
  });

  it('is a no-op when everything is there', () => {
    expect(planAdd(own, [{ platform: 'ios', value: 'zoomus' }], {}).ops).toEqual([]);
  });
});

describe('planRemove', () => {
  it('removes from the end so indexes stay valid', () => {
    const plan = planRemove(
      own,
      [],
      [
        { platform: 'ios', value: 'wbx' },
        { platform: 'ios', value: 'zoomus' },
      ],
    );
    expect(plan.ops.map((o) => (o.op === 'remove' ? o.index : -1))).toEqual([1, 0]);
  });

  it('suggests the closest value for a typo', () => {
    const plan = planRemove(own, [], [{ platform: 'ios', value: 'zoomu' }]);
    expect(plan.missing).toEqual([{ platform: 'ios', value: 'zoomu', didYouMean: 'zoomus' }]);
  });

  it('names the file an inherited value comes from', () => {
    const inherited = [{ platform: 'ios' as const, value: 'maps', source: { file: '/org/baseline.yaml', line: 4 } }];
    const plan = planRemove(own, inherited, [{ platform: 'ios', value: 'maps' }]);
    expect(plan.missing[0]).toMatchObject({ inheritedFrom: '/org/baseline.yaml' });
  });
});
