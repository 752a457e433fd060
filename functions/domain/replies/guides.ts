import { BRANDS } from '#domain/replies/brand-guides';
import type { Language } from '#domain/triage/types';

/** Step lists for one device, in one language. Illustrative menu paths; acquirers edit this table. */
export interface DeviceGuide {
  signIn: string[];
  activate: string[];
  updateFirmware: string[];
  /** Where the TID and the SN are printed on this device. */
  findIds: string[];
}

type Localized = Record<Language, DeviceGuide>;
export type PartialLocalized = Record<Language, Partial<DeviceGuide>>;

const GENERIC: Localized = {
  zh: {
    signIn: [
      '确认终端已联网（Wi-Fi、4G 或网线），信号正常；',
      '进入终端的“管理”或“系统”菜单，选择“签到”，输入操作员号（一般为 01）和密码；',
      '签到成功后选择“参数下载”（或“下载参数”），等待完成后重启终端；',
      '重启后再刷一笔小额交易测试。',
    ],
    activate: [
      '确认终端已联网；',
      '开机后进入“激活”或“终端激活”界面（部分机型在“管理 → 终端激活”）；',
      '输入我行短信或邮件发给您的激活码，确认；',
      '激活成功后按提示完成签到和参数下载。',
    ],
    updateFirmware: [
      '将终端充满电或接上电源，并连接稳定的网络；',
      '进入“设置”或“系统”菜单，选择“系统更新”/“固件升级”；',
      '下载并安装最新版本，过程中不要关机；',
      '升级完成后重启终端，再进行签到和参数下载。',
    ],
    findIds: [
      '终端背面或底部的铭牌标签上印有 SN（序列号/机身号）；',
      '终端“设置 → 关于本机”或“管理 → 终端信息”中可查看终端号（TID，8 位）和 SN；',
      '任意一张签购单（小票）上的“终端编号/TERMINAL NO.”即终端号。',
    ],
  },
  en: {
    signIn: [
      'Check that the terminal is online (Wi-Fi, 4G or cable) with a good signal.',
      'Open the "Manage" or "System" menu, choose "Sign in", and enter the operator number (usually 01) and password.',
      'After signing in, choose "Download parameters" and wait until it completes, then restart the terminal.',
      'After the restart, try a small test transaction.',
    ],
    activate: [
      'Check that the terminal is online.',
      'After power-on, open the "Activate" or "Terminal activation" screen (on some models: Manage > Terminal activation).',
      'Enter the activation code we sent you by SMS or email and confirm.',
      'Once activated, sign in and download parameters when prompted.',
    ],
    updateFirmware: [
      'Charge the terminal or plug it in, and connect it to a stable network.',
      'Open "Settings" or "System" and choose "System update" / "Firmware update".',
      'Download and install the latest version; do not switch the terminal off meanwhile.',
      'Restart the terminal when the update is done, then sign in and download parameters.',
    ],
    findIds: [
      'The SN (serial number) is on the label on the back or bottom of the terminal.',
      'Settings > About (or Manage > Terminal info) shows the TID (8 characters) and the SN.',
      'Any sales slip (receipt) shows the TID as "TERMINAL NO." / 终端编号.',
    ],
  },
};

/** PAX's touch-screen Android terminals: no 功能/Func key; the acquirer's payment app holds the menus. */
const PAX_ANDROID: PartialLocalized = {
  zh: {
    signIn: [
      '确认终端已联网（屏幕顶部显示 Wi-Fi 或 4G 信号）；',
      '在桌面点开收单支付应用，点右上角“更多”（或“≡”）进入“管理 → 签到”，输入操作员号和密码；',
      '签到成功后在同一菜单点“参数下载”，完成后长按电源键选择“重启”。',
    ],
    activate: [
      '确认终端已联网；',
      '点开收单支付应用，首次打开会显示“终端激活”页面（或在“更多 → 管理 → 终端激活”）；',
      '输入激活码，点“确认”，激活后按提示签到。',
    ],
    updateFirmware: [
      '接通电源并连接 Wi-Fi；',
      '在桌面点开“PAXSTORE”，点“我的 → 更新”（系统更新也可在“设置 → 系统更新”中找到）；',
      '点“全部更新”，完成前不要关机；',
      '重启后点开收单支付应用重新签到。',
    ],
  },
  en: {
    signIn: [
      'Check that the terminal is online (Wi-Fi or 4G shown at the top of the screen).',
      'Tap the payment app on the home screen, tap "More" (or ≡) at the top right, then Manage > Sign in, and enter the operator number and password.',
      'Then tap "Download parameters" in the same menu; when it finishes, hold the power button and tap Restart.',
    ],
    activate: [
      'Check that the terminal is online.',
      'Tap the payment app: on first use it opens the "Terminal activation" page (otherwise More > Manage > Terminal activation).',
      'Enter the activation code, tap Confirm, then sign in when prompted.',
    ],
    updateFirmware: [
      'Plug the terminal in and connect it to Wi-Fi.',
      'Tap PAXSTORE on the home screen, then My > Updates (system updates are also under Settings > System update).',
      'Tap "Update all" and keep the terminal on until it finishes.',
      'Restart, open the payment app and sign in again.',
    ],
  },
};

/** Model-level paths where a model differs from its brand. Keys are "brand/model", lower-case. */
const MODELS: Record<string, PartialLocalized> = {
  'pax/a920': PAX_ANDROID,
  'pax/a920pro': PAX_ANDROID,
  'pax/a910': PAX_ANDROID,
  'pax/a77': PAX_ANDROID,
  'pax/a35': PAX_ANDROID,
  'pax/s90': {
    zh: {
      signIn: [
        '确认终端已联网；',
        '按“菜单”键，选择“签到”，输入操作员号和密码；',
        '按“菜单”键，选择“管理 → 参数下载”，完成后重启。',
      ],
    },
    en: {
      signIn: [
        'Check that the terminal is online.',
        'Press "Menu", choose "Sign in" and enter the operator number and password.',
        'Press "Menu", choose Manage > Download parameters, and restart when it finishes.',
      ],
    },
  },
  'newland/n910': {
    zh: {
      updateFirmware: [
        '接通电源并联网；',
        '打开“应用市场”，在“我的 → 系统更新”中检查更新；',
        '安装最新版本，勿关机；',
        '重启后签到。',
      ],
    },
    en: {
      updateFirmware: [
        'Plug the terminal in and connect it to a network.',
        'Open the App Market, then My > System update.',
        'Install the latest version and keep the terminal on.',
        'Restart, then sign in.',
      ],
    },
  },
};

/** "A920 Pro", "a920-pro" and "A920PRO" are one model. */
const key = (s: string) =>
  s
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, '');

/** The guide for a device: model entry over brand entry over the generic one, field by field. */
export function guideFor(brand: string, model: string, language: Language): DeviceGuide {
  return {
    ...GENERIC[language],
    ...BRANDS[key(brand)]?.[language],
    ...MODELS[`${key(brand)}/${key(model)}`]?.[language],
  };
}
